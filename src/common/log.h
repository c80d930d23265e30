// Minimal leveled logging to stderr in the reference's format:
// "YYYY-MM-DD HH:MM:SS - kvbench - LEVEL - message". The level is process-wide by nature.
#pragma once

#include <string>
#include <string_view>

namespace kvbench::log {

enum class Level { Debug = 10, Info = 20, Warning = 30, Error = 40, Critical = 50 };

void set_level(Level level);
bool parse_level(std::string_view name, Level& out);
bool enabled(Level level);
void write(Level level, std::string_view message);

inline void debug(std::string_view m) { write(Level::Debug, m); }
inline void info(std::string_view m) { write(Level::Info, m); }
inline void warning(std::string_view m) { write(Level::Warning, m); }
inline void error(std::string_view m) { write(Level::Error, m); }

}  // namespace kvbench::log
