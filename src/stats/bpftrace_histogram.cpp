#include "stats/bpftrace_histogram.h"

#include <cctype>
#include <sstream>

namespace kvbench::stats {
namespace {

// "4K" -> 4096: bpftrace prints bucket edges with binary suffixes.
bool parse_edge(const std::string& text, std::uint64_t& out) {
  std::size_t pos = 0;
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  const std::size_t start = pos;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
  if (pos == start) return false;
  out = std::stoull(text.substr(start, pos - start));
  if (pos < text.size()) {
    switch (text[pos]) {
      case 'K': out <<= 10; break;
      case 'M': out <<= 20; break;
      case 'G': out <<= 30; break;
      case 'T': out <<= 40; break;
      default: break;
    }
  }
  return true;
}

// "[4K, 8K)     12 |@@@|" or "[1]  5 |@|" (a bucket of its own value) or "[1M, ...)".
bool parse_bucket(const std::string& line, HistogramBucket& b) {
  if (line.empty() || line[0] != '[') return false;
  const auto close = line.find_first_of(")]");
  if (close == std::string::npos) return false;
  const std::string range = line.substr(1, close - 1);
  const auto comma = range.find(',');
  if (!parse_edge(range.substr(0, comma), b.low)) return false;
  if (comma == std::string::npos) {
    b.high = b.low + 1;
  } else if (!parse_edge(range.substr(comma + 1), b.high)) {
    b.high = 0;  // "...": the open top bucket
  }
  std::istringstream rest(line.substr(close + 1));
  return static_cast<bool>(rest >> b.count);
}

}  // namespace

std::vector<NamedHistogram> parse_bpftrace_histograms(const std::string& text) {
  std::vector<NamedHistogram> out;
  std::istringstream in(text);
  std::string line;
  NamedHistogram* current = nullptr;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] == '@') {
      const auto colon = line.find(':');
      // "@name:" opens a histogram; "@name: 12" is a scalar, which no histogram follows.
      if (colon != std::string::npos && line.find_first_not_of(' ', colon + 1) == std::string::npos) {
        out.push_back({line.substr(1, colon - 1), {}});
        current = &out.back();
      } else {
        current = nullptr;
      }
      continue;
    }
    HistogramBucket b;
    if (current && parse_bucket(line, b)) current->buckets.push_back(b);
  }
  return out;
}

double histogram_percentile(const NamedHistogram& h, double pct) {
  std::uint64_t total = 0;
  for (const auto& b : h.buckets) total += b.count;
  if (total == 0) return 0;
  const double wanted = pct / 100.0 * static_cast<double>(total);
  std::uint64_t seen = 0;
  for (const auto& b : h.buckets) {
    seen += b.count;
    if (static_cast<double>(seen) >= wanted) return static_cast<double>(b.high ? b.high : b.low);
  }
  const auto& top = h.buckets.back();
  return static_cast<double>(top.high ? top.high : top.low);
}

nlohmann::json histograms_json(const std::vector<NamedHistogram>& histograms) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& h : histograms) {
    nlohmann::json buckets = nlohmann::json::array();
    std::uint64_t total = 0;
    for (const auto& b : h.buckets) {
      buckets.push_back({{"low", b.low}, {"high", b.high}, {"count", b.count}});
      total += b.count;
    }
    out[h.name] = {{"buckets", buckets},
                   {"count", total},
                   {"p50", histogram_percentile(h, 50)},
                   {"p95", histogram_percentile(h, 95)},
                   {"p99", histogram_percentile(h, 99)}};
  }
  return out;
}

}  // namespace kvbench::stats
