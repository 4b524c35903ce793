#!/bin/sh
# Checks that each section of ../headers-alone.c compiles against a prepared
# linux tree's own headers (x86_64), i.e. that the snippets use only what the
# kernel's version of each header makes available:
#   tests/driver/Inputs/headers-alone-kernel.sh /path/to/linux-6.12
# Not run by lit (it needs a kernel tree).
set -e
K=${1:?usage: $0 KERNEL_TREE}
SRC=$(cd "$(dirname "$0")/.." && pwd)/headers-alone.c
HDRS=$(sed -n 's/^#.*defined(H_\([a-z_]*\)).*/\1/p' "$SRC")
fail=0
for h in $HDRS; do
	if ! (cd "$K" && clang-19 -fsyntax-only -std=gnu11 -nostdinc \
		-I arch/x86/include -I arch/x86/include/generated -I include \
		-I arch/x86/include/uapi -I arch/x86/include/generated/uapi \
		-I include/uapi -I include/generated/uapi \
		-include include/linux/compiler-version.h \
		-include include/linux/kconfig.h \
		-include include/linux/compiler_types.h \
		-D__KERNEL__ -DMODULE -DKBUILD_MODNAME='"hdr"' \
		-DKBUILD_BASENAME='"hdr"' -fno-strict-aliasing -m64 \
		-mno-sse -mno-mmx -mno-sse2 -mno-avx \
		-Werror=implicit-function-declaration -Werror=implicit-int \
		-Werror=int-conversion -w \
		-DH_$h "$SRC"); then
		echo "kernel: <$h> alone: failed"
		fail=1
	fi
done
exit $fail
