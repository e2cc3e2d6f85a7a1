#ifndef DULY_CLIBFUZZER_H
#define DULY_CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, FuzzerInterface.h): parses libFuzzer's flags from the
/// command line and runs `callback` on each input. The targets call it from their own entry
/// point because SwiftPM names an executable's entry point after its module.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
