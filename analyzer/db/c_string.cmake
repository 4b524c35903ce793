# c_string(OUT TEXT): TEXT as the body of a C string literal, one source
# line per line of TEXT (shared by rule_pages.cmake and report_assets.cmake).
function(c_string out text)
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REPLACE "\"" "\\\"" text "${text}")
  # No trigraphs.
  string(REPLACE "?" "\\?" text "${text}")
  string(REPLACE "\t" "\\t" text "${text}")
  string(REPLACE "\r" "" text "${text}")
  string(REPLACE "\n" "\\n\"\n\t \"" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()
