// Where an output file (--output, --xlsx-output, --io-trace-log) really lands, and how kvbench may
// write it without destroying what stands at the path (issue 15 item 6). The rules, one place for
// the pre-flight and every writer:
// - absent or a regular file: written as a regular file (results: a temp file renamed over it);
// - a symbolic link is followed (as a shell's `>` does): the file it names is written and the
//   link stays; a link to nothing is refused, since following it would create a file elsewhere;
// - a character device (/dev/null, a terminal behind /dev/stdout) or a FIFO (a pipe behind
//   /dev/stdout) is written in place: users point outputs at them on purpose, and nothing there
//   can be replaced; a FIFO must already have a reader;
// - a directory, a block device (writing one would overwrite a disk) or a socket is refused.
#pragma once

#include <string>

namespace kvbench {

enum class OutputKind { Absent, RegularFile, CharacterDevice, Fifo, Refused };

struct OutputTarget {
  OutputKind kind = OutputKind::Refused;
  // Absent and RegularFile: the absolute path with every symlink resolved (where a temp file
  // goes and what it is renamed to). Devices and FIFOs: the path as given (opened in place).
  std::string path;
  std::string refusal;  // Refused: why, to follow "<flag> '<path>' "
  bool in_place() const { return kind == OutputKind::CharacterDevice || kind == OutputKind::Fifo; }
};

OutputTarget resolve_output(const std::string& path);

// Whether two output paths name one file, through symlinks and relative or absolute spellings.
// Never true for a character device: two writers to /dev/null clobber nothing.
bool same_output_file(const std::string& a, const std::string& b);

// Opens a device or FIFO target for writing in place (no create, no truncate). A FIFO without a
// reader fails at once with ENXIO instead of blocking the end of the run. -1 and errno on error.
int open_output_in_place(const OutputTarget& target);

}  // namespace kvbench
