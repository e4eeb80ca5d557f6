#!/bin/sh
# Regenerate every app icon from the app's one SVG drawing, resources/icons/reviewer-workstation.svg
# (the same file the running app uses for its window icon):
#   packaging/linux/icons/<N>x<N>/org.example.ReviewerWorkstation.png  (hicolor sizes)
#   packaging/windows/reviewer-app.ico                                  (16…256)
#   packaging/macos/reviewer-app.icns                                   (16…512)
# Needs rsvg-convert (librsvg2-bin), ImageMagick's convert and png2icns (icnsutils).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
packaging=$(dirname "$here")
name=org.example.ReviewerWorkstation
svg="$(dirname "$packaging")/resources/icons/reviewer-workstation.svg"
for tool in rsvg-convert convert png2icns; do
    command -v "$tool" >/dev/null || { echo "make_icons.sh: $tool is not installed" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for size in 16 32 48 64 128 256 512; do
    rsvg-convert --width "$size" --height "$size" --format png "$svg" -o "$work/$size.png"
    # png2icns wants plain 8-bit RGBA
    convert "$work/$size.png" -strip -define png:color-type=6 -depth 8 "$work/$size.png"
done
for size in 16 32 48 64 128 256; do
    mkdir -p "$here/icons/${size}x${size}"
    cp "$work/$size.png" "$here/icons/${size}x${size}/$name.png"
done
convert "$work/16.png" "$work/32.png" "$work/48.png" "$work/64.png" "$work/128.png" \
    "$work/256.png" "$packaging/windows/reviewer-app.ico"
png2icns "$packaging/macos/reviewer-app.icns" \
    "$work/16.png" "$work/32.png" "$work/48.png" "$work/128.png" "$work/256.png" \
    "$work/512.png" >/dev/null
echo "icons written from $svg"
