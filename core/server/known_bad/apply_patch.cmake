# cmake -DPATCH=patch -DVARIANT=name -DORIGINAL=x.cc -DPATCH_FILE=name.patch
#       -DOUTPUT=out/x.cc -P apply_patch.cmake
#
# Writes ORIGINAL with PATCH_FILE applied to OUTPUT; ORIGINAL is not touched.
# The patch must apply exactly (no fuzz; moved lines are fine): a patch whose
# context no longer matches the handler fails the build, and says so, rather
# than silently building something else.
foreach(var PATCH VARIANT ORIGINAL PATCH_FILE OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "apply_patch.cmake: -D${var}=... is required")
  endif()
endforeach()

get_filename_component(out_dir ${OUTPUT} DIRECTORY)
file(MAKE_DIRECTORY ${out_dir})
set(tmp ${OUTPUT}.tmp)
file(REMOVE ${tmp} ${OUTPUT})

execute_process(
  COMMAND ${PATCH} --force --fuzz=0 --reject-file=- --no-backup-if-mismatch
          --output=${tmp} ${ORIGINAL} ${PATCH_FILE}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  file(REMOVE ${tmp})
  message(FATAL_ERROR
    "known-bad variant ${VARIANT}: ${PATCH_FILE} no longer applies to ${ORIGINAL}.\n"
    "The handler changed under the patch: redo the mistake on the new code and "
    "regenerate the patch (see docs/grading.md).\n"
    "patch said:\n${out}${err}")
endif()
file(RENAME ${tmp} ${OUTPUT})
