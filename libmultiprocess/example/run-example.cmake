# Test script for the example: cmake -DMPEXAMPLE=/path/to/mpexample -P run-example.cmake
#
# Pipes equations into mpexample and checks what a user would see: every
# answer and error printed by the mpprinter process on behalf of
# mpcalculator, bad input not stopping anything, and a clean exit.

if(NOT MPEXAMPLE)
  message(FATAL_ERROR "run-example.cmake: pass -DMPEXAMPLE=<path to mpexample>")
endif()

# Runs mpexample with INPUT on stdin and checks that the output matches every
# regex in the remaining arguments.
function(check_example name input)
  set(input_file "${CMAKE_CURRENT_BINARY_DIR}/example-${name}.input")
  file(WRITE "${input_file}" "${input}")
  execute_process(
    COMMAND "${MPEXAMPLE}"
    INPUT_FILE "${input_file}"
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
    RESULT_VARIABLE result
    TIMEOUT 60)
  file(REMOVE "${input_file}")
  set(report "--- stdout:\n${out}--- stderr:\n${err}---")
  if(NOT result STREQUAL "0")
    message(FATAL_ERROR "${name}: mpexample exited with '${result}', expected 0\n${report}")
  endif()
  foreach(expected IN LISTS ARGN)
    if(NOT out MATCHES "${expected}")
      message(FATAL_ERROR "${name}: output does not match '${expected}'\n${report}")
    endif()
  endforeach()
  message(STATUS "${name}: ok\n${out}")
  set(out "${out}" PARENT_SCOPE)
endfunction()

set(by_printer "mpprinter \\(pid [0-9]+\\): ")
set(for_calculator "  \\[asked by mpcalculator \\(pid [0-9]+\\)\\]")

check_example(exit "1+1\n2+\n(2+3)*4\n1/0\nxyz\n7 / 2\nexit\n1+2\n"
  "${by_printer}1\\+1 = 2${for_calculator}\n"
  "${by_printer}cannot parse '2\\+': expected a number at position 2${for_calculator}\n"
  "${by_printer}\\(2\\+3\\)\\*4 = 20${for_calculator}\n"
  "${by_printer}cannot evaluate '1/0': division by zero at position 1${for_calculator}\n"
  "${by_printer}cannot parse 'xyz': expected a number at position 0${for_calculator}\n"
  "${by_printer}7 / 2 = 3.5${for_calculator}\n"
  "\nBye!\n$")
# Nothing after "exit" is read.
if(out MATCHES "1\\+2 = 3")
  message(FATAL_ERROR "exit: mpexample went on reading after \"exit\"")
endif()

# End of input without "exit" ends the session the same way.
check_example(eof "2*3\n"
  "${by_printer}2\\*3 = 6${for_calculator}\n"
  "\nBye!\n$")
