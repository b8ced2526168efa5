#!/usr/bin/env bash
# Consumer check: a separate package that depends on Hessian BY VERSION (a clone of this repository's
# HEAD tagged 1.0.0, `.package(url: "file://…", from: "1.0.0")` — README's own dependency line with
# the URL replaced) builds with `swift build -c release` and runs every Swift block of README.md that
# imports Hessian, each as a function of main.swift. SwiftPM refuses unsafe build flags in such a
# dependency, so this also keeps Package.swift free of them. Uses only what is committed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/hessian-consumer.XXXXXX")"
trap 'rm -rf "$work"' EXIT

git clone -q --no-hardlinks "$root" "$work/Hessian"
git -C "$work/Hessian" checkout -q --detach "$(git -C "$root" rev-parse HEAD)"
git -C "$work/Hessian" tag -f 1.0.0 >/dev/null

mkdir -p "$work/Consumer/Sources/Consumer"
python3 - "$root/README.md" "file://$work/Hessian" "$work/Consumer" <<'PY'
import re, sys
readme, url, out = sys.argv[1], sys.argv[2], sys.argv[3]
blocks = re.findall(r"^```swift\n(.*?)^```", open(readme).read(), re.M | re.S)
dependency, programs = None, []
for b in blocks:
    if "import Hessian" in b:
        programs.append(b)
    elif ".package(" in b:
        m = re.search(r'\.package\(url: "[^"]*", from: "1\.0\.0"\)', b)
        if not m:
            sys.exit('consumer: README\'s dependency block has no `.package(url: "…", from: "1.0.0")`')
        dependency = re.sub(r'url: "[^"]*"', f'url: "{url}"', m.group(0))
    else:
        sys.exit("consumer: a README swift block neither imports Hessian nor declares the dependency:\n" + b)
if dependency is None or not programs:
    sys.exit("consumer: README has no dependency block or no Swift example")
open(f"{out}/Package.swift", "w").write(f"""// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Consumer",
    dependencies: [
        {dependency},
    ],
    targets: [
        .executableTarget(name: "Consumer", dependencies: [.product(name: "Hessian", package: "Hessian")]),
    ]
)
""")
main = ["import Foundation", "import Hessian", ""]
for i, b in enumerate(programs, 1):
    body = [l for l in b.splitlines() if not re.match(r"\s*import \w+\s*$", l)]
    main += [f"func readmeExample{i}() async throws {{"] + ["    " + l if l else l for l in body] + ["}", ""]
for i in range(1, len(programs) + 1):
    main += [f'print("README example {i}:")', f"try await readmeExample{i}()"]
open(f"{out}/Sources/Consumer/main.swift", "w").write("\n".join(main) + "\n")
print(f"consumer: {len(programs)} README examples, dependency {dependency}")
PY

cd "$work/Consumer"
swift build -c release
.build/release/Consumer
echo "consumer: OK (Hessian 1.0.0 by version, release build, every README example ran)"
