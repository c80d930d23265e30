#include "convert/fio_export.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "convert/object_names.h"
#include "convert/output_files.h"

namespace kvbench::convert {
namespace {

constexpr std::uint64_t kDirectAlign = 4096;
// fio reads a log's file names with "%256s": longer ones would be cut.
constexpr std::size_t kFioNameMax = 256;
constexpr const char* kHeader = "fio version 3 iolog\n";

std::string stream_file_name(std::uint32_t index) {
  char name[32];
  std::snprintf(name, sizeof name, "stream-%04u", index);
  return name;
}

}  // namespace

FioExport::FioExport(const ConvertOptions& options) : options_(options) {
  output_dir_ = prepare_dir("--output", options.output_dir);
  target_dir_ = prepare_dir("--target", options.target_dir.empty() ? output_dir_ + "/data"
                                                                   : options.target_dir);
  setup_ = open_output("--output", output_dir_ + "/setup.iolog");
  setup_ << kHeader;
}

FioExport::~FioExport() = default;

FioExport::Stream& FioExport::stream(std::uint32_t index) {
  if (index >= streams_.size()) streams_.resize(index + 1);
  auto& s = streams_[index];
  if (!s) {
    s = std::make_unique<Stream>();
    s->file = output_dir_ + "/" + stream_file_name(index) + ".iolog";
    s->out = open_output("--output", s->file);
    s->out << kHeader;
  }
  return *s;
}

FioExport::Object& FioExport::object_for(const std::string& key) {
  auto found = objects_.find(key);
  if (found != objects_.end()) return found->second;
  Object obj;
  obj.path = target_dir_ + "/" + object_file_name(key);
  if (obj.path.size() > kFioNameMax)
    throw std::runtime_error("--target " + target_dir_ + ": too long; fio reads file names of at most " +
                             std::to_string(kFioNameMax) + " characters (" + obj.path + ")");
  const auto [it, added] = stream_index_.try_emplace(stream_of_key(key),
                                                     static_cast<std::uint32_t>(stream_index_.size()));
  obj.stream = it->second % std::max(1u, options_.max_streams);
  return objects_.emplace(key, std::move(obj)).first->second;
}

// Microseconds from the trace's first row, never before the stream's previous line (the
// reference stamps rows before its lock, so its files step back by a few µs now and then).
// Starts at 1: fio times a log's first line from 0 and reads a last time of 0 as "none yet".
std::int64_t FioExport::replay_time(std::int64_t timestamp_us, Stream& s) {
  if (!have_origin_) {
    origin_us_ = timestamp_us;
    have_origin_ = true;
  }
  const std::int64_t at = std::max<std::int64_t>({timestamp_us - origin_us_ + 1, s.last_us, 1});
  s.last_us = at;
  return at;
}

std::uint64_t FioExport::write_pieces(std::ofstream& out, std::int64_t at, const std::string& path,
                                      const char* action, std::uint64_t size,
                                      std::uint64_t& ios) const {
  // Direct I/O moves whole 4 KiB blocks: an object of another size is padded at its end.
  const std::uint64_t padded = (size + kDirectAlign - 1) / kDirectAlign * kDirectAlign;
  for (std::uint64_t offset = 0; offset < padded; offset += options_.io_size) {
    out << at << ' ' << path << ' ' << action << ' ' << offset << ' '
        << std::min<std::uint64_t>(options_.io_size, padded - offset) << '\n';
    ++ios;
  }
  return padded;
}

void FioExport::set_up(Object& obj, std::uint64_t size) {
  setup_ << "1 " << obj.path << " add\n1 " << obj.path << " open\n";
  summary_.setup_bytes += write_pieces(setup_, 1, obj.path, "write", size, setup_ios_);
  setup_ << "1 " << obj.path << " datasync 0 0\n";
  ++summary_.setup_objects;
  obj.written = true;
}

void FioExport::add(const trace::TraceRow& row) {
  Object& obj = object_for(row.key);
  Stream& s = stream(obj.stream);
  const bool first_line = s.last_us == 0;
  const std::int64_t at = replay_time(row.timestamp_us, s);
  if (!obj.opened) {
    s.out << (first_line ? 1 : at) << ' ' << obj.path << " add\n" << at << ' ' << obj.path << " open\n";
    obj.opened = true;
  }
  if (row.op == IoOp::Read) {
    if (!obj.written) set_up(obj, row.size);
    summary_.read_bytes += write_pieces(s.out, at, obj.path, "read", row.size, s.ios);
  } else {
    summary_.write_bytes += write_pieces(s.out, at, obj.path, "write", row.size, s.ios);
    s.out << at << ' ' << obj.path << " datasync 0 0\n";
    obj.written = true;
  }
  ++summary_.rows;
}

void FioExport::write_job_file() {
  std::ofstream job = open_output("--output", output_dir_ + "/" + kJobFile);
  job << "; Written by kvbench convert: a replay of " << summary_.rows << " trace rows in "
      << summary_.streams << " streams, on " << target_dir_ << ".\n"
      << "; Run: fio --output-format=json " << output_dir_ << "/" << kJobFile << "\n"
      << "[global]\nioengine=io_uring\ndirect=1\niodepth=" << options_.io_depth << "\n"
      // A read must not pass the in-flight write of its object (fio issues a log's lines
      // without waiting, datasync included): it would read a short file.
      << "serialize_overlap=1\n";
  if (options_.speed > 0) {
    job << "replay_time_scale=" << std::max<long>(1, std::lround(options_.speed * 100)) << "\n";
  } else {
    job << "replay_no_stall=1\n";
  }
  // fio 3.33 ends a log early while more than one I/O is in flight unless number_ios says how
  // many reads and writes it holds (checked: io_uring and libaio, iodepth 2 and up).
  const bool has_setup = setup_ios_ > 0;
  if (has_setup) {
    job << "\n; objects the trace reads before writing them (it began mid-run)\n[setup]\n"
        << "read_iolog=" << output_dir_ << "/setup.iolog\nreplay_no_stall=1\nnumber_ios="
        << setup_ios_ << "\n";
  }
  bool first = true;
  for (std::uint32_t i = 0; i < streams_.size(); ++i) {
    if (!streams_[i]) continue;
    job << "\n[" << stream_file_name(i) << "]\n";
    if (first && has_setup) job << "stonewall\n";
    job << "read_iolog=" << streams_[i]->file << "\nnumber_ios=" << streams_[i]->ios << "\n";
    first = false;
  }
  job.flush();
  if (!job) throw std::runtime_error("--output " + output_dir_ + ": cannot write " + kJobFile);
}

ExportSummary FioExport::finish() {
  for (const auto& s : streams_) {
    if (!s) continue;
    ++summary_.streams;
    summary_.ios += s->ios;
    s->out.flush();
    if (!s->out) throw std::runtime_error("--output " + s->file + ": write failed");
  }
  setup_.flush();
  if (!setup_) throw std::runtime_error("--output " + output_dir_ + "/setup.iolog: write failed");
  write_job_file();
  return summary_;
}

}  // namespace kvbench::convert
