// kvbench entry point: everything lives in the library; main only dispatches.
#include "cli/app.h"

int main(int argc, char** argv) { return kvbench::cli::main_entry(argc, argv); }
