#!/usr/bin/env bash
# Builds the kvbench container image with podman (or buildah when podman is absent).
#
#   docker/build.sh [options]
#     -t, --tag IMAGE        image name (default: kvbench:latest, also tagged kvbench:<short sha>)
#     --source REF|worktree  what to build: a git commit/branch/tag (default HEAD: the committed
#                            tree, reproducible) or "worktree" (tracked + untracked, not ignored,
#                            files of the work tree as they are now)
#     --cuda                 build docker/Dockerfile.cuda (needs the NVIDIA CUDA apt repository;
#                            not built in CI)
#     --debootstrap-base     if the base image (debian:bookworm-slim) is not present locally,
#                            make it with debootstrap and `podman import` (for machines that
#                            reach Debian mirrors but no image registry); the build then never
#                            pulls (--pull=never)
#     --jobs N               parallel compile jobs inside the build (default: nproc)
#     --ccache DIR           mount DIR (created) as the build's compiler cache (/ccache): a
#                            rebuild after a change to src/ recompiles only what changed
#     --binary FILE          skip the compile: the runtime stage of docker/Dockerfile around a
#                            kvbench built on this Debian 12 host (e.g. CI's build/kvbench),
#                            its runtime packages found here with ldd + dpkg -S
#
# The build context is staged in a temp dir from git, so build directories (gigabytes) never
# enter it. Podman runs with --isolation=chroot, which works on hosts with hybrid cgroups and
# inside unprivileged containers. Prints the image name on the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

tag=kvbench:latest
source_ref=HEAD
dockerfile=docker/Dockerfile
debootstrap_base=0
jobs=$(nproc)
ccache_dir=""
binary=""
base=debian:bookworm-slim
while [ $# -gt 0 ]; do
  case "$1" in
    -t|--tag) tag=$2; shift 2 ;;
    --source) source_ref=$2; shift 2 ;;
    --cuda) dockerfile=docker/Dockerfile.cuda; shift ;;
    --debootstrap-base) debootstrap_base=1; shift ;;
    --jobs) jobs=$2; shift 2 ;;
    --ccache) ccache_dir=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [ -n "${CONTAINER_TOOL:-}" ]; then tool=$CONTAINER_TOOL
elif command -v podman >/dev/null; then tool=podman
elif command -v buildah >/dev/null; then tool=buildah
else
  echo "build.sh: neither podman nor buildah is installed (apt-get install podman buildah)" >&2
  exit 1
fi

image_exists() {
  if [ "$tool" = podman ]; then podman image exists "$1"; else buildah inspect --type image "$1" >/dev/null 2>&1; fi
}

pull=missing
if [ "$debootstrap_base" = 1 ]; then
  pull=never
  if ! image_exists "$base"; then
    command -v debootstrap >/dev/null || { echo "build.sh: debootstrap is not installed" >&2; exit 1; }
    [ "$(id -u)" = 0 ] || { echo "build.sh: debootstrap needs root" >&2; exit 1; }
    rootfs=$(mktemp -d /tmp/kvbench-rootfs.XXXXXX)
    echo "build.sh: making $base with debootstrap in $rootfs" >&2
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >&2
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
    tar -C "$rootfs" -c . | $tool import - "$base" >&2
    rm -rf "$rootfs"
  fi
fi

# Stage the build context.
context=$(mktemp -d /tmp/kvbench-context.XXXXXX)
trap 'rm -rf "$context"' EXIT
if [ "$source_ref" = worktree ]; then
  git ls-files -z --cached --others --exclude-standard \
    | (while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done) \
    | tar --null -T - -c | tar -x -C "$context"
  revision="$(git rev-parse HEAD)-worktree"
else
  revision=$(git rev-parse --verify "$source_ref^{commit}")
  git archive "$revision" | tar -x -C "$context"
fi
short=${revision:0:12}
[ "$source_ref" = worktree ] && short="$short-worktree"
if [ ! -f "$context/$dockerfile" ]; then
  mkdir -p "$context/$(dirname "$dockerfile")"
  cp "$repo/$dockerfile" "$context/$dockerfile"
fi

if [ -n "$binary" ]; then
  # The build stage becomes a copy of the given binary (stripped) and of the Debian packages
  # owning the libraries it loads; the runtime stage is docker/Dockerfile's own.
  [ -x "$binary" ] || { echo "build.sh: --binary $binary is not an executable" >&2; exit 1; }
  mkdir -p "$context/prebuilt"
  install -m 0755 -s "$binary" "$context/prebuilt/kvbench"
  for lib in $(ldd "$context/prebuilt/kvbench" | awk '$2 == "=>" && $3 ~ /^\// {print $3}'); do
    pkg=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "/usr$lib" 2>/dev/null || true)
    [ -n "$pkg" ] || { echo "build.sh: no Debian package owns $lib" >&2; exit 1; }
    echo "${pkg%%:*}"
  done | sort -u >"$context/prebuilt/runtime-packages"
  awk '/^FROM .* AS build$/ { print; print "COPY prebuilt/kvbench /out/usr/local/bin/kvbench";
         print "COPY prebuilt/runtime-packages /out/runtime-packages"; skip = 1; next }
       /^FROM .* AS runtime$/ { skip = 0 }
       !skip' "$context/$dockerfile" >"$context/$dockerfile.prebuilt"
  dockerfile="$dockerfile.prebuilt"
  revision="$revision-prebuilt"
fi
echo "build.sh: $tool building $tag from $source_ref ($revision) with $dockerfile" >&2
build_cmd=(build)
[ "$tool" = buildah ] && build_cmd=(bud)
if [ -n "$ccache_dir" ]; then
  mkdir -p "$ccache_dir"
  build_cmd+=(--volume "$(cd "$ccache_dir" && pwd):/ccache")
fi
$tool "${build_cmd[@]}" --isolation=chroot --pull="$pull" \
  --build-arg JOBS="$jobs" --build-arg KVBENCH_REVISION="$revision" \
  -f "$context/$dockerfile" -t "$tag" "$context" >&2
last=${tag##*/}
if [[ $last == *:* ]]; then name=${tag%:*}; else name=$tag; fi
$tool tag "$tag" "$name:$short" >&2
echo "$tag"
