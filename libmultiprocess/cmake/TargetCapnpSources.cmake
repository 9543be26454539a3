# target_capnp_sources(TARGET INCLUDE_PREFIX FILE.capnp... [ONLY_CAPNP] [IMPORT_PATHS DIR...])
#
# Runs mpgen on each FILE.capnp and adds the generated code to TARGET.
#
#   TARGET          an existing target, created in the calling directory.
#   INCLUDE_PREFIX  a source directory that is a prefix of the .capnp files'
#                   paths: generated headers are included as
#                   <path of FILE relative to INCLUDE_PREFIX>.capnp.h
#                   (and .capnp.proxy.h, ...). Relative paths are taken
#                   relative to CMAKE_CURRENT_SOURCE_DIR.
#   FILE.capnp      schema files, relative to CMAKE_CURRENT_SOURCE_DIR or
#                   absolute.
#   ONLY_CAPNP      only compile the Cap'n Proto C++ code (FILE.capnp.c++),
#                   not the libmultiprocess proxy code.
#   IMPORT_PATHS    extra directories searched for absolute imports
#                   (import "/foo/bar.capnp"). The directory holding
#                   mp/proxy.capnp is always searched last.
#
# For a FILE at <rel> relative to CMAKE_CURRENT_SOURCE_DIR, the outputs are
# ${CMAKE_CURRENT_BINARY_DIR}/<rel>.capnp.h, .capnp.c++, .capnp.proxy.h,
# .capnp.proxy-types.h, .capnp.proxy-types.c++, .capnp.proxy-client.c++ and
# .capnp.proxy-server.c++, and the include directory added to TARGET is the
# directory of the binary tree that corresponds to INCLUDE_PREFIX.
#
# A FILE outside CMAKE_CURRENT_SOURCE_DIR (but inside INCLUDE_PREFIX) is also
# accepted: its outputs go to ${CMAKE_CURRENT_BINARY_DIR}/<path relative to
# INCLUDE_PREFIX>, mpgen gets INCLUDE_PREFIX as its source prefix, and
# ${CMAKE_CURRENT_BINARY_DIR} is added to the include path.
#
# mpgen is run as
#   mpgen SRC_PREFIX INCLUDE_PREFIX FILE [IMPORT_PATHS...] PROXY_CAPNP_DIR
# in ${CMAKE_CURRENT_BINARY_DIR}, with the environment variable MPGEN_DEPFILE
# set to ${CMAKE_CURRENT_BINARY_DIR}/<rel>.capnp.d: mpgen writes there a
# Makefile-style depfile naming every .capnp file it read, so the outputs are
# regenerated when an imported schema changes. (PWD is also set to the working
# directory, since the capnp tool warns when the two differ.)
#
# The mpgen used is, in order: the MPGEN_EXECUTABLE variable if set (e.g. a
# native mpgen for a cross build), else the Libmultiprocess::mpgen target
# (built in tree, or imported from an installed package).

include_guard(GLOBAL)

# Functions record the policy settings in force where they are defined.
if(POLICY CMP0116)
  cmake_policy(SET CMP0116 NEW) # Ninja: DEPFILE paths handled like Makefiles'
endif()

function(target_capnp_sources target include_prefix)
  cmake_parse_arguments(PARSE_ARGV 2 _mp "ONLY_CAPNP" "" "IMPORT_PATHS")

  if(NOT TARGET "${target}")
    message(FATAL_ERROR "target_capnp_sources: '${target}' is not a target")
  endif()
  if(NOT _mp_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "target_capnp_sources(${target}): no .capnp files given")
  endif()

  if(MPGEN_EXECUTABLE)
    set(mpgen "${MPGEN_EXECUTABLE}")
    set(mpgen_depends "${MPGEN_EXECUTABLE}")
  elseif(TARGET Libmultiprocess::mpgen)
    set(mpgen "$<TARGET_FILE:Libmultiprocess::mpgen>")
    set(mpgen_depends Libmultiprocess::mpgen)
  else()
    message(FATAL_ERROR "target_capnp_sources(${target}): no mpgen: the Libmultiprocess::mpgen "
      "target does not exist (find_package(Libmultiprocess) or add_subdirectory(libmultiprocess) "
      "first) and MPGEN_EXECUTABLE is not set")
  endif()

  get_property(proxy_capnp_dir GLOBAL PROPERTY MP_PROXY_CAPNP_DIR)
  if(NOT proxy_capnp_dir)
    message(FATAL_ERROR "target_capnp_sources(${target}): the global property MP_PROXY_CAPNP_DIR "
      "(directory containing mp/proxy.capnp) is not set")
  endif()

  get_filename_component(include_prefix "${include_prefix}" ABSOLUTE
    BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")

  set(import_paths)
  foreach(dir IN LISTS _mp_IMPORT_PATHS)
    get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND import_paths "${dir}")
  endforeach()

  set(sources)
  set(include_dirs)
  foreach(file IN LISTS _mp_UNPARSED_ARGUMENTS)
    get_filename_component(file "${file}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")

    file(RELATIVE_PATH rel_to_prefix "${include_prefix}" "${file}")
    if(rel_to_prefix MATCHES "^\\.\\./" OR IS_ABSOLUTE "${rel_to_prefix}")
      message(FATAL_ERROR "target_capnp_sources(${target}): ${file} is not inside "
        "INCLUDE_PREFIX ${include_prefix}")
    endif()

    file(RELATIVE_PATH rel "${CMAKE_CURRENT_SOURCE_DIR}" "${file}")
    if(rel MATCHES "^\\.\\./" OR IS_ABSOLUTE "${rel}")
      # Outside the current source directory: lay the outputs out relative to
      # INCLUDE_PREFIX instead.
      set(src_prefix "${include_prefix}")
      set(rel "${rel_to_prefix}")
      set(include_dir "${CMAKE_CURRENT_BINARY_DIR}")
    else()
      set(src_prefix "${CMAKE_CURRENT_SOURCE_DIR}")
      file(RELATIVE_PATH prefix_rel "${CMAKE_CURRENT_SOURCE_DIR}" "${include_prefix}")
      get_filename_component(include_dir "${CMAKE_CURRENT_BINARY_DIR}/${prefix_rel}" ABSOLUTE)
    endif()
    list(APPEND include_dirs "${include_dir}")

    set(out "${CMAKE_CURRENT_BINARY_DIR}/${rel}")
    get_filename_component(out_dir "${out}" DIRECTORY)
    file(MAKE_DIRECTORY "${out_dir}")

    set(outputs
      "${out}.h"
      "${out}.c++"
      "${out}.proxy.h"
      "${out}.proxy-types.h"
      "${out}.proxy-types.c++"
      "${out}.proxy-client.c++"
      "${out}.proxy-server.c++")

    # DEPFILE is supported by the Ninja and Makefile generators.
    set(depfile_args)
    if(CMAKE_GENERATOR MATCHES "Ninja|Makefiles")
      set(depfile_args DEPFILE "${out}.d")
    endif()

    add_custom_command(
      OUTPUT ${outputs}
      COMMAND "${CMAKE_COMMAND}" -E env "MPGEN_DEPFILE=${out}.d" "PWD=${CMAKE_CURRENT_BINARY_DIR}"
              "${mpgen}" "${src_prefix}" "${include_prefix}" "${file}"
              ${import_paths} "${proxy_capnp_dir}"
      DEPENDS "${file}" ${mpgen_depends}
      ${depfile_args}
      WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}"
      COMMENT "Generating libmultiprocess code for ${rel}"
      VERBATIM)

    # Headers are listed too, so that they are generated before anything in
    # TARGET is compiled.
    list(APPEND sources "${out}.c++" "${out}.h" "${out}.proxy.h" "${out}.proxy-types.h")
    if(NOT _mp_ONLY_CAPNP)
      list(APPEND sources "${out}.proxy-types.c++" "${out}.proxy-client.c++" "${out}.proxy-server.c++")
    endif()
  endforeach()

  list(REMOVE_DUPLICATES include_dirs)
  target_sources("${target}" PRIVATE ${sources})
  foreach(dir IN LISTS include_dirs)
    target_include_directories("${target}" PUBLIC "$<BUILD_INTERFACE:${dir}>")
  endforeach()
  target_link_libraries("${target}" PUBLIC Libmultiprocess::multiprocess)
endfunction()
