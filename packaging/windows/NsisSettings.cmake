# SPDX-License-Identifier: GPL-3.0-or-later
# The Windows installer's settings (CPack NSIS64), shared by packaging/windows/CMakeLists.txt and the stub project
# tests/packaging/nsis-stub that checks them on Linux. FR2R_SOURCE_DIR: the repository root.
set(CPACK_PACKAGE_NAME "FashionR2R Studio")
set(CPACK_PACKAGE_VENDOR "The FashionR2R Studio authors")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "FashionR2R Studio")
set(CPACK_RESOURCE_FILE_LICENSE "${FR2R_SOURCE_DIR}/LICENSE")
set(CPACK_NSIS_PACKAGE_NAME "FashionR2R Studio")
set(CPACK_NSIS_DISPLAY_NAME "FashionR2R Studio")
set(CPACK_NSIS_INSTALL_ROOT "$PROGRAMFILES64")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON) # an update replaces the old version instead of mixing DLLs
set(CPACK_NSIS_MODIFY_PATH OFF)
set(CPACK_NSIS_EXECUTABLES_DIRECTORY bin)
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\fashionr2r.exe")
# Start-menu entry and desktop shortcut for the GUI; the CLI is used from a terminal.
set(CPACK_PACKAGE_EXECUTABLES "fashionr2r;FashionR2R Studio")
set(CPACK_CREATE_DESKTOP_LINKS "fashionr2r")
# The CPU edition stays well under NSIS's 2 GB limit; the CUDA edition is shipped as split 7z volumes instead.
set(CPACK_NSIS_COMPRESSOR "/SOLID lzma")
