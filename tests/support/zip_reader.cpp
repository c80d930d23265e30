// The zip walker of zip_reader.h (central directory, stored or deflated members, via zlib).
#include "support/zip_reader.h"

#include <zlib.h>

#include <cstdint>
#include <stdexcept>

namespace kvbench::testing_support {

namespace {

std::uint32_t zip_u32(const std::string& b, std::size_t at) {
  if (at + 4 > b.size()) throw std::runtime_error("zip: truncated");
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}
std::uint16_t zip_u16(const std::string& b, std::size_t at) {
  if (at + 2 > b.size()) throw std::runtime_error("zip: truncated");
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                    static_cast<unsigned char>(b[at + 1]) << 8);
}

}  // namespace

std::map<std::string, std::string> read_zip(const std::string& bytes) {
  const std::size_t eocd = bytes.rfind(std::string("PK\x05\x06", 4));
  if (eocd == std::string::npos) throw std::runtime_error("zip: no end of central directory");
  const std::uint16_t count = zip_u16(bytes, eocd + 10);
  std::size_t at = zip_u32(bytes, eocd + 16);
  std::map<std::string, std::string> members;
  for (std::uint16_t i = 0; i < count; ++i) {
    if (zip_u32(bytes, at) != 0x02014b50) throw std::runtime_error("zip: bad central directory entry");
    const std::uint16_t method = zip_u16(bytes, at + 10);
    const std::uint32_t csize = zip_u32(bytes, at + 20), usize = zip_u32(bytes, at + 24);
    const std::uint16_t name_len = zip_u16(bytes, at + 28), extra_len = zip_u16(bytes, at + 30),
                        comment_len = zip_u16(bytes, at + 32);
    const std::uint32_t local = zip_u32(bytes, at + 42);
    const std::string name = bytes.substr(at + 46, name_len);
    at += 46u + name_len + extra_len + comment_len;

    if (zip_u32(bytes, local) != 0x04034b50) throw std::runtime_error("zip: bad local header for " + name);
    const std::size_t data = local + 30u + zip_u16(bytes, local + 26) + zip_u16(bytes, local + 28);
    if (data + csize > bytes.size()) throw std::runtime_error("zip: member past the end: " + name);
    std::string out;
    if (method == 0) {
      out = bytes.substr(data, csize);
    } else if (method == 8) {
      out.resize(usize);
      z_stream z{};
      if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw std::runtime_error("zip: inflateInit2");
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + data));
      z.avail_in = csize;
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = usize;
      const int rc = inflate(&z, Z_FINISH);
      inflateEnd(&z);
      if (rc != Z_STREAM_END || z.total_out != usize) throw std::runtime_error("zip: cannot inflate " + name);
    } else {
      throw std::runtime_error("zip: unsupported method for " + name);
    }
    members[name] = std::move(out);
  }
  return members;
}

}  // namespace kvbench::testing_support
