#include "cli/app.h"

namespace kvbench::cli {

int main_entry(int, char**) { return 0; }

}  // namespace kvbench::cli
