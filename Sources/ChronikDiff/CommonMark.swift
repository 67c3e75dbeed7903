import CCmark

/// The version of libcmark-gfm chronik is linked with.
public enum CommonMark {
    public static var version: String { String(cString: cmark_version_string()) }
}
