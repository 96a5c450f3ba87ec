# Install-time helpers, included by the generated install scripts
# (systemd/install.cmake.in, completions/install.cmake.in).  They run
# under `cmake --install`, where CMAKE_INSTALL_PREFIX is the prefix given
# then (--prefix), not the one the build was configured with; DESTDIR is
# added by file(INSTALL) itself.

# Set OUT to the directory a system integration file goes to.  OVERRIDE
# (a -D option; absolute, or relative to the prefix) wins; an install to
# /usr uses PKGCONFIG_DIR, the directory the system's own package
# (systemd.pc, bash-completion.pc) names, because only there does that
# system look; any other prefix gets PREFIX/RELATIVE, so an install into
# a private prefix writes nothing outside it.
function(precis_install_dir out pkgconfig_dir relative override)
  string(REGEX REPLACE "/+$" "" prefix "${CMAKE_INSTALL_PREFIX}")
  if(override)
    if(IS_ABSOLUTE "${override}")
      set(dir "${override}")
    else()
      set(dir "${prefix}/${override}")
    endif()
  elseif(prefix STREQUAL "/usr" AND pkgconfig_dir)
    set(dir "${pkgconfig_dir}")
  else()
    set(dir "${prefix}/${relative}")
  endif()
  set(${out} "${dir}" PARENT_SCOPE)
endfunction()

# Set OUT to the configuration directory for the prefix: /etc for /usr
# (the FHS place, and what the unit's ConfigurationDirectory= means),
# else PREFIX/etc.
function(precis_sysconfdir out)
  string(REGEX REPLACE "/+$" "" prefix "${CMAKE_INSTALL_PREFIX}")
  if(prefix STREQUAL "/usr")
    set(${out} "/etc" PARENT_SCOPE)
  else()
    set(${out} "${prefix}/etc" PARENT_SCOPE)
  endif()
endfunction()

# Install a file generated at install time (its text depends on the
# prefix) to PATH, as file(INSTALL) would: under DESTDIR, reported, and
# listed in install_manifest.txt.  It is written there directly rather
# than staged in the build tree, which the installing user may not own.
function(precis_install_generated path content)
  set(dest "$ENV{DESTDIR}${path}")
  if(EXISTS "${dest}")
    file(READ "${dest}" old)
  endif()
  if(EXISTS "${dest}" AND old STREQUAL content)
    message(STATUS "Up-to-date: ${dest}")
  else()
    message(STATUS "Installing: ${dest}")
    get_filename_component(dir "${dest}" DIRECTORY)
    file(MAKE_DIRECTORY "${dir}")
    file(WRITE "${dest}" "${content}")
  endif()
  # Like file(INSTALL), list the path without DESTDIR.
  set(CMAKE_INSTALL_MANIFEST_FILES ${CMAKE_INSTALL_MANIFEST_FILES} "${path}"
      PARENT_SCOPE)
endfunction()
