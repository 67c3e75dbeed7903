import ChronikDiff

// `sitemap.xml` (sitemaps.org protocol 0.9): the absolute address of every HTML page. A sitemap takes only absolute
// addresses, so there is none without a base URL (`--base-url`, else `chronik.yml`'s `public_url`).

enum SiteMap {
    static func xml(_ model: SiteModel, urls: SiteURLs) -> String? {
        guard urls.baseURL != nil else { return nil }
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        let lastmod = model.version.date.day
        for page in SiteData.pages(model) {
            guard let url = urls.absolute(page) else { continue }
            out += "<url><loc>\(HTMLText.escape(url))</loc><lastmod>\(lastmod)</lastmod></url>\n"
        }
        return out + "</urlset>\n"
    }
}
