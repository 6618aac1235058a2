"""What can be checked of the iOS sources without a Swift toolchain (there is none on Linux here):

1. syntax: every Swift file under ios/ parses with tree-sitter-swift (no ERROR or MISSING node);
2. strings: every string the app writes itself (Text("…"), Button("…"), the labels of the core's
   enums, …) has an Indonesian and an English entry in App/Resources/Localizable.xcstrings, the
   catalog's source language is Indonesian, and it holds no entry that no source uses;
   InfoPlist.xcstrings covers every usage description project.yml declares.

3. with the generated bindings at hand (`scripts/bindgen swift`, or a file named by --generated),
   the API: every call the live gateway makes on the generated objects names a function with
   exactly those argument labels.

Usage: python3 check_sources.py IOS_DIR [--generated PanduCore.swift]. Ends with
"N passed, N failed" (one line per check).
"""

import json
import pathlib
import re
import sys

import tree_sitter_swift
from tree_sitter import Language, Parser

# The calls whose first string literal SwiftUI (or this app) looks up in the String Catalog.
CALLS = (r"(?:Text|Label|Button|Section|Toggle|LabeledContent|TextField|SecureField|"
         r"LocalizedStringKey|ProgressView|navigationTitle|alert|confirmationDialog|Picker|"
         r"DatePicker|platformFailed)")
LITERAL = r'"((?:[^"\\]|\\.)*)"'
CALL_RE = re.compile(CALLS + r"\(\s*" + LITERAL)
# A literal alone on its line, continuing such a call from the line before.
CONTINUED_RE = re.compile(r"^\s*" + LITERAL + r",\s*$")
CALL_OPEN_RE = re.compile(CALLS + r"\(\s*$")
# `case .x: "…"` in the switches that return a LocalizedStringKey (Labels.swift and the like).
CASE_RE = re.compile(r"case [^:]+:\s*" + LITERAL + r"\s*$")
# `cond ? LocalizedStringKey("…") : "…"`
TERNARY_RE = re.compile(r"LocalizedStringKey\(" + LITERAL + r"\)\s*:\s*" + LITERAL)
# Switches over SF Symbols names return plain strings, not catalog keys.
SYMBOL_NAME_RE = re.compile(r"^[a-z0-9]+(\.[a-z0-9]+)*$")


def syntax_problems(files):
    """Each ERROR or MISSING node of each file, as `path:line:col: what`."""
    parser = Parser(Language(tree_sitter_swift.language()))
    problems = []
    for path in files:
        source = path.read_bytes()
        stack = [parser.parse(source).root_node]
        while stack:
            node = stack.pop()
            if node.type == "ERROR" or node.is_missing:
                line, col = node.start_point
                what = f"missing {node.type}" if node.is_missing else "syntax error"
                problems.append(f"{path}:{line + 1}:{col + 1}: {what}")
            else:
                stack.extend(node.children)
    return problems


def specifier(expression):
    """The String Catalog format specifier Xcode writes for an interpolated expression."""
    expression = expression.strip()
    return "%lld" if expression.startswith("Int(") or expression.endswith(".count") else "%@"


def catalog_key(literal):
    """The catalog key of a Swift string literal: interpolations become specifiers."""
    key, i = "", 0
    while i < len(literal):
        if literal.startswith("\\(", i):
            depth, j = 1, i + 2
            while depth:
                depth += {"(": 1, ")": -1}.get(literal[j], 0)
                j += 1
            key += specifier(literal[i + 2:j - 1])
            i = j
        else:
            key += literal[i]
            i += 1
    return key.replace("\\n", "\n")


def used_keys(files):
    """Every catalog key the app's sources use, with where it is first used."""
    keys = {}
    for path in files:
        previous = ""
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = re.sub(r"Text\(verbatim:[^)]*\)", "", line)
            found = CALL_RE.findall(code) + CASE_RE.findall(code)
            for first, second in TERNARY_RE.findall(code):
                found += [first, second]
            if CALL_OPEN_RE.search(previous):
                found += CONTINUED_RE.findall(code)
            for literal in found:
                if not SYMBOL_NAME_RE.match(literal):
                    keys.setdefault(catalog_key(literal), f"{path}:{number}")
            previous = code
    return keys


def catalog_problems(catalog_path, keys):
    """What the catalog lacks for `keys`, or holds that nobody uses."""
    catalog = json.loads(catalog_path.read_text())
    problems = []
    if catalog.get("sourceLanguage") != "id":
        problems.append(f"{catalog_path}: the source language must be id (Indonesian)")
    strings = catalog.get("strings", {})
    for key, where in sorted(keys.items()):
        units = strings.get(key, {}).get("localizations", {})
        for language in ("id", "en"):
            value = units.get(language, {}).get("stringUnit", {}).get("value", "")
            if not value.strip():
                problems.append(f"{where}: {key!r} has no {language} text in {catalog_path.name}")
    for key in sorted(set(strings) - set(keys)):
        problems.append(f"{catalog_path.name}: {key!r} is used by no source")
    return problems


# A generated function: `open func name(label: Type, …)` or `public static func `name`(…)`.
GENERATED_FUNC_RE = re.compile(r"(?:open|public static) func `?(\w+)`?\(([^)]*)\)")
# A call on a generated object in the live gateway: `$0.name(…)`, `session.name(…)`,
# `PanduCore.name(…)`, `sync?.name(…)`.
GATEWAY_CALL_RE = re.compile(r"(?:\$0|session|PanduCore|sync\?)\.(\w+)\(([^()]*)\)")


def labels(arguments):
    """The argument labels of a parameter or argument list (`_` for none)."""
    parts = [part.strip() for part in arguments.split(",") if part.strip()]
    return tuple(part.split(":")[0].strip() if ":" in part else "_" for part in parts)


def gateway_calls(gateway_files):
    """Each call on a generated object: (where, name, labels)."""
    return [(f"{path}:{number}", name, labels(arguments))
            for path in gateway_files
            for number, line in enumerate(path.read_text().splitlines(), 1)
            for name, arguments in GATEWAY_CALL_RE.findall(line)]


def api_problems(generated, calls):
    """The calls that match no generated function by name and labels."""
    api = {(name, labels(params)) for name, params in GENERATED_FUNC_RE.findall(generated.read_text())}
    return [f"{where}: {name}({', '.join(found)}) is not in {generated.name}"
            for where, name, found in calls if (name, found) not in api]


def usage_descriptions(project_yml):
    """The Info.plist keys project.yml sets that iOS shows to the user."""
    return set(re.findall(r"^\s+(NS\w+UsageDescription|CFBundleDisplayName):", project_yml.read_text(), re.M))


def report(name, problems):
    for problem in problems:
        print(f"  {problem}")
    print(f"{name}: {'ok' if not problems else f'{len(problems)} problems'}")
    return not problems


def main():
    ios = pathlib.Path(sys.argv[1])
    generated = ios / "PanduCore" / "Sources" / "PanduCore" / "PanduCore.swift"
    if "--generated" in sys.argv:
        generated = pathlib.Path(sys.argv[sys.argv.index("--generated") + 1])
    sources = [p for p in sorted(ios.rglob("*.swift")) if "Sources/PanduCore/" not in str(p)]
    app = [p for p in sources if p.is_relative_to(ios / "App")]
    resources = ios / "App" / "Resources"
    keys = used_keys(app)
    info_keys = {key: "project.yml" for key in usage_descriptions(ios / "project.yml")}
    checks = [
        report(f"syntax of {len(sources)} Swift files", syntax_problems(sources)),
        report(f"{len(keys)} app strings in Indonesian and English",
               catalog_problems(resources / "Localizable.xcstrings", keys)),
        report(f"{len(info_keys)} Info.plist strings in Indonesian and English",
               catalog_problems(resources / "InfoPlist.xcstrings", info_keys)),
    ]
    if generated.exists():
        live = [ios / "PanduCore" / "Sources" / "PanduGateway" / name
                for name in ("LiveGateway.swift", "LiveSession.swift")]
        calls = gateway_calls(live)
        checks.append(report(f"{len(calls)} calls of the live gateway in {generated}",
                             api_problems(generated, calls)))
    else:
        print(f"(no generated bindings at {generated}: run scripts/bindgen swift to check the API too)")
    passed = sum(checks)
    print(f"{passed} passed, {len(checks) - passed} failed")
    sys.exit(0 if passed == len(checks) else 1)


if __name__ == "__main__":
    main()
