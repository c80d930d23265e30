// Helpers shared by the trace tests: a scratch folder and whole-file reads (zstd decoded).
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace kvbench::trace::testing {

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "kvbench-trace-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Decodes with libzstd's streaming API, independently of the reader under test. Fails the
// test if the frame does not end where the file does.
inline std::string zstd_decode(const std::string& compressed) {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  std::string out;
  std::string chunk(ZSTD_DStreamOutSize(), '\0');
  ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
  std::size_t rc = 1;
  while (in.pos < in.size) {
    ZSTD_outBuffer ob{chunk.data(), chunk.size(), 0};
    rc = ZSTD_decompressStream(dctx, &ob, &in);
    if (ZSTD_isError(rc)) {
      ZSTD_freeDCtx(dctx);
      ADD_FAILURE() << "zstd: " << ZSTD_getErrorName(rc);
      return out;
    }
    out.append(chunk.data(), ob.pos);
  }
  while (rc != 0) {  // output the decoder still holds
    ZSTD_outBuffer ob{chunk.data(), chunk.size(), 0};
    const std::size_t more = ZSTD_decompressStream(dctx, &ob, &in);
    // An idle call between frames asks for the next header: keep rc from the last real step.
    if (ZSTD_isError(more) || ob.pos == 0) break;
    rc = more;
    out.append(chunk.data(), ob.pos);
  }
  ZSTD_freeDCtx(dctx);
  EXPECT_EQ(rc, 0u) << "zstd frame not finished";
  return out;
}

}  // namespace kvbench::trace::testing
