#include "engine/iso_time.h"

#include <ctime>
#include <iomanip>
#include <sstream>

namespace kvbench::engine {

std::string iso_local_time(std::int64_t epoch_us) {
  const std::time_t t = static_cast<std::time_t>(epoch_us / 1000000);
  std::tm tm{};
  localtime_r(&t, &tm);
  std::ostringstream os;
  os << std::put_time(&tm, "%Y-%m-%dT%H:%M:%S") << "." << std::setw(6) << std::setfill('0')
     << (epoch_us % 1000000);
  return os.str();
}

}  // namespace kvbench::engine
