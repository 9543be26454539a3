# All installed libmultiprocess targets: Libmultiprocess::multiprocess (with
# Libmultiprocess::multiprocess_tls when built with TLS) and
# Libmultiprocess::mpgen. LibmultiprocessConfig.cmake includes the two files
# below separately (components Lib and Bin); this file is for anyone who
# includes the targets file directly.
if(NOT TARGET Libmultiprocess::multiprocess)
  include("${CMAKE_CURRENT_LIST_DIR}/LibmultiprocessLibTargets.cmake")
endif()
if(NOT TARGET Libmultiprocess::mpgen)
  include("${CMAKE_CURRENT_LIST_DIR}/LibmultiprocessBinTargets.cmake")
endif()
