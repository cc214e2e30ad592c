# Run at every build (target mfpg_git_revision): writes OUTPUT with
# MFPG_GIT_REVISION, the commit of SOURCE_DIR (with "-dirty" when the
# tracked files differ from it; "unknown" outside a git checkout), and only
# touches the file when that changes, so nothing is rebuilt needlessly.
execute_process(COMMAND git -C ${SOURCE_DIR} rev-parse HEAD
  OUTPUT_VARIABLE revision OUTPUT_STRIP_TRAILING_WHITESPACE
  RESULT_VARIABLE failed ERROR_QUIET)
if(failed)
  set(revision "unknown")
else()
  execute_process(COMMAND git -C ${SOURCE_DIR} diff-index --quiet HEAD --
    RESULT_VARIABLE dirty ERROR_QUIET)
  if(dirty)
    set(revision "${revision}-dirty")
  endif()
endif()
set(content "#define MFPG_GIT_REVISION \"${revision}\"\n")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
endif()
if(NOT "${old}" STREQUAL "${content}")
  file(WRITE ${OUTPUT} "${content}")
endif()
