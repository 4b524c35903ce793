/* kbuild-style -include: goes first into the PCH. */
#define FORCED_FIRST 1
