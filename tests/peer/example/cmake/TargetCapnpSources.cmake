# Stands in for the original project's cmake/TargetCapnpSources.cmake, which
# the original example includes: target_capnp_sources() comes from the
# installed package (find_package(Libmultiprocess) in ../CMakeLists.txt).
include("${Libmultiprocess_DIR}/TargetCapnpSources.cmake")
