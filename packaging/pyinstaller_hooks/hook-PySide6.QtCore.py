# Overrides PyInstaller's own hook for this module: the same collection, less the Qt
# plugins and translations the app does not use (see _qt_trim.py).
from _qt_trim import trimmed_qt6_dependencies

hiddenimports, binaries, datas = trimmed_qt6_dependencies(__file__)
