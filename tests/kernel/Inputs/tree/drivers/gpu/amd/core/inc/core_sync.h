// Reached only through the -I drivers/gpu/amd/core/'s Makefile gives
// (amdgpu's amdgpu_sync.h, which amdkfd's files include).
#define CORE_RING 32
