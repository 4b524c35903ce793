# lit configuration for dmacheck.  Run through `make check`, or directly:
#   python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv --param build=$PWD/build tests
import os
import sys
import lit.formats

config.name = 'dmacheck'
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = ['.c', '.test']
config.excludes = ['Inputs', 'lit.cfg.py']

src_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = os.path.abspath(lit_config.params.get('build', os.path.join(src_root, 'build')))
sanitize = lit_config.params.get('sanitize', '0') == '1'

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(build, 'tests-out' + ('-san' if sanitize else ''))

llvm_bin = '/usr/lib/llvm-19/bin'
dmacheck = os.path.join(build, 'bin', 'dmacheck')
if not os.path.exists(dmacheck):
    # The runtime tests do not need the analyzer; its own tests will fail.
    lit_config.warning('dmacheck not built at %s (run make build)' % dmacheck)

# Runtime test programs: compiled against the bundled headers and libdmart,
# optionally with ASan+UBSan (`--param sanitize=1`, run by `make check`).
cc = os.path.join(llvm_bin, 'clang')
cflags = '-std=gnu11 -g -O1 -Wall -Wno-unused-function -I%s' % os.path.join(src_root, 'runtime', 'include')
libdmart = os.path.join(build, 'lib', 'libdmart.a')
if sanitize:
    cflags += ' -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer'
    libdmart = os.path.join(build, 'lib', 'libdmart_san.a')
    config.environment['ASAN_OPTIONS'] = 'detect_leaks=1:abort_on_error=0'
    config.environment['UBSAN_OPTIONS'] = 'print_stacktrace=1'
    config.available_features.add('sanitize')

config.substitutions.append(('%dmacheck', dmacheck))
config.substitutions.append(('%FileCheck', os.path.join(llvm_bin, 'FileCheck')))
config.substitutions.append(('%not', os.path.join(llvm_bin, 'not')))
config.substitutions.append(('%cc', cc))
config.substitutions.append(('%dmart_cflags', cflags))
config.substitutions.append(('%dmart_lib', libdmart + ' -lpthread'))
config.substitutions.append(('%src_root', src_root))
config.substitutions.append(('%python', sys.executable))
config.substitutions.append(('%rt_include', os.path.join(src_root, 'runtime', 'include')))

# Keep the user's environment from changing results.
for var in ('DMART_FAIL', 'DMART_REPORT', 'DMART_STOP', 'DMART_FILTER',
            'DMART_ALL_ERRORS', 'DMART_NUM_ERRORS', 'DMART_DISABLED', 'DMART_SITES'):
    config.environment.pop(var, None)
