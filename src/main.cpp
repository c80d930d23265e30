// kvbench entry point: everything lives in the library; main hands argv to the command table.
#include "app/command_table.h"

int main(int argc, char** argv) { return kvbench::app::main_entry(argc, argv); }
