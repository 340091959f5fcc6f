# SPDX-License-Identifier: GPL-3.0-or-later
# The portable bundle's extra files (install component `bundle`, excluded from a plain install and so from the DEB).
# make-bundle.sh installs the DEB's files and then this component into AppDir/usr: the libraries the programs need
# that a glibc >= 2.36 desktop may lack (lib/), the Qt 6 plugins they load (plugins/), qt.conf, and $ORIGIN RUNPATHs.
set(bundleArgs COMPONENT bundle EXCLUDE_FROM_ALL)
install(TARGETS fashionr2r fashionr2r-cli RUNTIME_DEPENDENCY_SET fr2r_bundle RUNTIME DESTINATION bin ${bundleArgs})

# Qt loads its plugins with dlopen, so the dependency walker sees them only when they join the set (as imported
# modules: Debian's Qt has no plugin targets). The TLS backends serve the model download.
set(qtPluginDir "${QT6_INSTALL_PREFIX}/${QT6_INSTALL_PLUGINS}")
foreach(plugin platforms/libqxcb.so platforms/libqoffscreen.so
               xcbglintegrations/libqxcb-glx-integration.so xcbglintegrations/libqxcb-egl-integration.so
               imageformats/libqgif.so imageformats/libqico.so imageformats/libqjpeg.so imageformats/libqsvg.so
               iconengines/libqsvgicon.so
               platforminputcontexts/libcomposeplatforminputcontextplugin.so
               platforminputcontexts/libibusplatforminputcontextplugin.so
               tls/libqopensslbackend.so tls/libqcertonlybackend.so)
  if(EXISTS "${qtPluginDir}/${plugin}")
    string(MAKE_C_IDENTIFIER "fr2r_qt_${plugin}" target)
    add_library(${target} MODULE IMPORTED)
    set_target_properties(${target} PROPERTIES IMPORTED_LOCATION "${qtPluginDir}/${plugin}")
    get_filename_component(pluginType "${plugin}" DIRECTORY)
    install(IMPORTED_RUNTIME_ARTIFACTS ${target} RUNTIME_DEPENDENCY_SET fr2r_bundle
            LIBRARY DESTINATION plugins/${pluginType} ${bundleArgs})
  endif()
endforeach()

# What must come from the host and is never bundled: glibc (the bundle needs GLIBC_2.35), GCC's C++ runtime (every
# system with that glibc has GCC 12's or newer; an older bundled copy would break host drivers built against a newer
# one), and the display and graphics stack, which has to match the host's X/Wayland server, GPU driver and fontconfig
# files (the same reasoning as AppImage's excludelist).
set(hostLibraries
  "^ld-linux" "^lib(c|m|mvec|dl|pthread|rt|resolv|util|anl|nsl|thread_db|BrokenLocale)\\.so" "^libnss_"
  "^libstdc\\+\\+\\.so" "^libgcc_s\\.so"
  "^lib(GL|EGL|GLX|GLdispatch|OpenGL|GLESv2|glapi|gbm|drm|vulkan)\\.so"
  "^lib(X11|X11-xcb|xcb|ICE|SM)\\.so" "^libwayland-(client|cursor|egl)\\.so"
  "^lib(fontconfig|freetype|harfbuzz|expat)\\.so" "^libasound\\.so")
install(RUNTIME_DEPENDENCY_SET fr2r_bundle
        PRE_EXCLUDE_REGEXES ${hostLibraries}
        # Vendor GPU libraries a host routes through ld.so.conf (Debian's NVIDIA packages) are the host's too.
        POST_EXCLUDE_REGEXES "/nvidia/"
        LIBRARY DESTINATION lib ${bundleArgs})

# Qt 6 reads qt.conf beside the program: plugins and Qt's own translations from the bundle, not its built-in
# /usr/lib paths (Qt 5, which LibTorch's OpenCV loads, never looks up plugins here).
file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/qt.conf" "[Paths]\nPrefix=..\nPlugins=plugins\nTranslations=translations\n")
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/qt.conf" DESTINATION bin ${bundleArgs})
set(qtTranslations "${QT6_INSTALL_PREFIX}/${QT6_INSTALL_TRANSLATIONS}")
if(EXISTS "${qtTranslations}")
  install(DIRECTORY "${qtTranslations}/" DESTINATION translations ${bundleArgs} FILES_MATCHING PATTERN "qtbase_*.qm")
endif()

# Debian's libraries carry no RUNPATH and RUNPATH is not transitive, so every bundled ELF file gets one (patchelf).
find_program(FR2R_PATCHELF patchelf)
install(CODE "set(patchelf \"${FR2R_PATCHELF}\")" ${bundleArgs})
install(SCRIPT SetBundleRunpaths.cmake ${bundleArgs})
