# cmake -DOUT=file.c -DDIR=docs/rules -P rule_pages.cmake
#
# Writes a C file holding each rule page (docs/rules/<rule>.md) as a string
# literal, so that the SARIF export ships the pages without reading the
# source tree at run time (analyzer/db/sarif.c, db_rule_page()).
cmake_minimum_required(VERSION 3.20)
include(${CMAKE_CURRENT_LIST_DIR}/c_string.cmake)
set(body "/* Generated from docs/rules/<rule>.md by analyzer/db/rule_pages.cmake. */\n")
string(APPEND body "#include \"db/internal.h\"\n\n")
string(APPEND body "const struct db_rule_page db_rule_pages[] = {\n")
file(GLOB PAGES "${DIR}/*.md")
list(SORT PAGES)
foreach(page IN LISTS PAGES)
  get_filename_component(name "${page}" NAME_WE)
  if(name STREQUAL "README")
    continue()
  endif()
  file(READ "${page}" text)
  c_string(text "${text}")
  string(APPEND body "\t{\"${name}\",\n\t \"${text}\"},\n")
endforeach()
string(APPEND body "};\nconst size_t db_nrule_pages =\n\tsizeof(db_rule_pages) / sizeof(db_rule_pages[0]);\n")
file(WRITE "${OUT}" "${body}")
