// `kvbench convert TRACE... --to fio|sai3 --output DIR`: the command's flags and the step from
// them to convert/'s options (the conversion itself lives in src/convert/).
#pragma once

#include "app/command.h"

namespace kvbench::app {

const std::vector<cli::FlagSpec>& convert_flags();
int convert_command(const Invocation& call, CommandIo& io);

}  // namespace kvbench::app
