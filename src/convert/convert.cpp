#include "convert/convert.h"

#include <functional>
#include <memory>
#include <stdexcept>

#include "convert/fio_export.h"
#include "convert/sai3_export.h"
#include "convert/trace_scan.h"

namespace kvbench::convert {
namespace {

void print_summary(const ConvertOptions& options, const ExportSummary& s, const ScanTally& tally,
                   std::ostream& out) {
  const bool fio = options.format == ExportFormat::Fio;
  out << "kvbench convert: " << s.rows << " rows" << (options.all_levels ? "" : " of the storage level")
      << " -> " << (fio ? std::string(FioExport::kJobFile) + " + " + std::to_string(s.streams) + " iologs"
                        : std::string(Sai3Export::kOpLog))
      << " in " << options.output_dir << "; reads " << s.read_bytes << " B, writes " << s.write_bytes
      << " B";
  if (s.setup_objects > 0)
    out << "; set-up writes " << s.setup_bytes << " B for " << s.setup_objects
        << " objects read before written";
  out << "\nkvbench convert: skipped " << tally.malformed << " malformed rows, " << tally.other_level
      << " rows of other levels, " << tally.zero_size << " rows of 0 bytes"
      << (tally.truncated ? "; an input was truncated" : "") << "\n";
}

template <typename Export>
int convert_with(const ConvertOptions& options, std::ostream& out, std::ostream& err) {
  std::unique_ptr<Export> exporter;
  ScanTally tally;
  try {
    exporter = std::make_unique<Export>(options);
    const int rc = scan_traces(
        options, [&](const trace::TraceRow& row) { exporter->add(row); }, tally, err);
    if (rc != 0) return rc;
    print_summary(options, exporter->finish(), tally, out);
  } catch (const std::runtime_error& e) {
    err << "kvbench: error: convert: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace

int run_convert(const ConvertOptions& options, std::ostream& out, std::ostream& err) {
  if (options.format == ExportFormat::Fio) return convert_with<FioExport>(options, out, err);
  return convert_with<Sai3Export>(options, out, err);
}

}  // namespace kvbench::convert
