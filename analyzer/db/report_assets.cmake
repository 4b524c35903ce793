# cmake -DOUT=file.c -DDIR=analyzer/db/report -P report_assets.cmake
#
# Writes a C file holding the HTML report's stylesheet and script as string
# literals (db_report_css, db_report_js): the report writes them beside its
# pages without reading the source tree at run time.
cmake_minimum_required(VERSION 3.20)
include(${CMAKE_CURRENT_LIST_DIR}/c_string.cmake)
set(body "/* Generated from analyzer/db/report/ by analyzer/db/report_assets.cmake. */\n")
foreach(pair "css;report.css" "js;report.js")
  list(GET pair 0 var)
  list(GET pair 1 file)
  file(READ "${DIR}/${file}" text)
  c_string(text "${text}")
  string(APPEND body "const char db_report_${var}[] =\n\t\"${text}\";\n")
endforeach()
file(WRITE "${OUT}" "${body}")
