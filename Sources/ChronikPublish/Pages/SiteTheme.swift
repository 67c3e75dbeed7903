import Foundation
import Mustache

/// A theme for the published site: mustache templates (one per page type, plus the partials `head`, `foot` and
/// `changes`) and one stylesheet. The default theme is embedded in the binary (`DefaultTheme`, generated from
/// `Sources/ChronikPublish/Theme/`); a city's theme folder (`chronik publish --theme DIR`) replaces any of its
/// files that the folder holds. Templates get plain dictionaries whose text `{{…}}` escapes; only HTML that chronik
/// rendered safely itself (Markdown through libcmark-gfm in safe mode) is meant for `{{{…}}}` (docs/publish.md).
public struct SiteTheme: Sendable {
    /// The templates a theme consists of, by name (file `<name>.mustache`).
    public static let templateNames = ["head", "foot", "changes", "home", "collection", "entry", "release", "changelog",
                                       "document", "search"]
    /// The stylesheet's file name in a theme folder.
    public static let stylesheetName = "chronik.css"

    /// Template name -> mustache text.
    public let templates: [String: String]
    /// The stylesheet (written to `SitePaths.stylesheet`).
    public let stylesheet: String
    let library: MustacheLibrary
    /// Whether entry pages are written by the compiled default theme (`CompiledPages`): the theme's `entry`, `head`
    /// and `foot` templates are the embedded default ones, so the compiled writer gives their bytes.
    let compilesEntryPages: Bool
    /// The same for the collections' views (`collection`, `head`, `foot`).
    let compilesCollectionPages: Bool
    /// The same for the release pages and the changelog (`release`, `changelog`, `changes`, `head`, `foot`).
    let compilesChangePages: Bool
    /// The same for the home page (`home`, `head`, `foot`).
    let compilesHomePage: Bool

    /// A theme from its texts; throws `SiteThemeError.template` when a template does not parse.
    public init(templates: [String: String], stylesheet: String) throws {
        try self.init(templates: templates, stylesheet: stylesheet, compiling: true)
    }

    /// `compiling: false`: every page through the templates, also where the compiled default theme would give the
    /// same bytes (the reference in `CompiledPagesTests`).
    init(templates: [String: String], stylesheet: String, compiling: Bool) throws {
        var library = MustacheLibrary()
        // Every template (partials too: swift-mustache renders a partial with its default escaping) begins with the
        // content type whose escaping is `SiteHTMLEscaping`'s, on a line of its own that renders nothing; the theme's
        // files (`templates`, `--export-theme`) stay as they are, and error lines are counted in them.
        MustacheContentTypes.register(SiteHTMLEscaping(), named: SiteHTMLEscaping.contentType)
        for name in Self.templateNames {
            guard let text = templates[name] else { throw SiteThemeError.missing(name) }
            do {
                try library.register(SiteHTMLEscaping.pragma + text, named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw SiteThemeError.template(file: name + ".mustache", line: max(error.context.lineNumber - 1, 1),
                                              column: error.context.columnNumber, message: "\(error.error)")
            }
        }
        self.templates = templates
        self.stylesheet = stylesheet
        self.library = library
        func isDefault(_ names: [String]) -> Bool { compiling && names.allSatisfy { templates[$0] == DefaultTheme.files[$0 + ".mustache"] } }
        compilesEntryPages = isDefault(["entry", "head", "foot"])
        compilesCollectionPages = isDefault(["collection", "head", "foot"])
        compilesChangePages = isDefault(["release", "changelog", "changes", "head", "foot"])
        compilesHomePage = isDefault(["home", "head", "foot"])
    }

    /// The default theme, as embedded in the binary.
    public static func makeDefault() -> SiteTheme {
        do {
            return try SiteTheme(templates: defaultFiles(), stylesheet: DefaultTheme.files[stylesheetName] ?? "")
        } catch {
            preconditionFailure("the embedded default theme does not parse: \(error)")
        }
    }

    /// The default theme with every file that `directory` holds (`<name>.mustache`, `chronik.css`) in place of its own.
    /// Files with other names are an error, so that a misspelt template does not go unnoticed.
    public static func load(overrides directory: URL) throws -> SiteTheme {
        var templates = defaultFiles()
        var stylesheet = DefaultTheme.files[stylesheetName] ?? ""
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SiteThemeError.notAFolder(directory.path)
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        } catch {
            throw SiteThemeError.unreadable(directory.path, error.localizedDescription)
        }
        for name in names where !name.hasPrefix(".") {
            let url = directory.appendingPathComponent(name)
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw SiteThemeError.unreadable(url.path, "not UTF-8 text or not readable")
            }
            if name == stylesheetName {
                stylesheet = text
            } else if name.hasSuffix(".mustache"), Self.templateNames.contains(String(name.dropLast(9))) {
                templates[String(name.dropLast(9))] = text
            } else {
                throw SiteThemeError.unknownFile(url.path)
            }
        }
        return try SiteTheme(templates: templates, stylesheet: stylesheet)
    }

    /// The theme as the files of a theme folder (`chronik publish --export-theme DIR`): file name -> text.
    public var files: [String: String] {
        var out = [Self.stylesheetName: stylesheet]
        for (name, text) in templates { out[name + ".mustache"] = text }
        return out
    }

    /// Renders the template `name` with `context`.
    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    private static func defaultFiles() -> [String: String] {
        var templates: [String: String] = [:]
        for name in templateNames { templates[name] = DefaultTheme.files[name + ".mustache"] }
        return templates
    }
}

/// A theme that cannot be used.
public enum SiteThemeError: Error, Equatable, CustomStringConvertible {
    case missing(String)
    case template(file: String, line: Int, column: Int, message: String)
    case notAFolder(String)
    case unreadable(String, String)
    case unknownFile(String)

    public var description: String {
        switch self {
        case .missing(let name): return "theme: the template \(name).mustache is missing"
        case .template(let file, let line, let column, let message):
            return "theme: \(file):\(line):\(column): the template does not parse (\(message))"
        case .notAFolder(let path): return "theme: \(path) is not a folder"
        case .unreadable(let path, let why): return "theme: cannot read \(path): \(why)"
        case .unknownFile(let path):
            return "theme: \(path) is not a theme file (expected chronik.css or one of "
                + SiteTheme.templateNames.map { $0 + ".mustache" }.joined(separator: ", ") + ")"
        }
    }
}
