import Foundation

/// Zips written byte by byte, for what a zip library will not write: names that are not UTF-8, `..` and absolute names,
/// symlink entries, sizes that lie. Stored (uncompressed) entries; PKWARE APPNOTE 6.3.10, sections 4.3.7, 4.3.12, 4.3.16.
enum RawZip {
    struct Entry {
        var name: [UInt8]
        var data: Data
        /// Unix mode for the external attributes (`0o120777` a symlink).
        var mode: UInt32 = 0o100644
        var utf8Flag = true

        init(_ name: String, _ data: Data = Data("x".utf8), mode: UInt32 = 0o100644) {
            self.name = Array(name.utf8)
            self.data = data
            self.mode = mode
        }

        init(rawName: [UInt8], _ data: Data = Data("x".utf8), utf8Flag: Bool) {
            self.name = rawName
            self.data = data
            self.utf8Flag = utf8Flag
        }
    }

    static func make(_ entries: [Entry]) -> Data {
        var out = Data()
        var central = Data()
        for entry in entries {
            let offset = UInt32(out.count)
            let crc = crc32(entry.data)
            let flags: UInt16 = entry.utf8Flag ? 1 << 11 : 0
            out.append(le32(0x0403_4B50)); out.append(le16(20)); out.append(le16(flags)); out.append(le16(0))
            out.append(le16(0)); out.append(le16(0x21)); out.append(le32(crc))
            out.append(le32(UInt32(entry.data.count))); out.append(le32(UInt32(entry.data.count)))
            out.append(le16(UInt16(entry.name.count))); out.append(le16(0)); out.append(contentsOf: entry.name); out.append(entry.data)

            central.append(le32(0x0201_4B50)); central.append(le16(3 << 8 | 20)); central.append(le16(20)); central.append(le16(flags))
            central.append(le16(0)); central.append(le16(0)); central.append(le16(0x21)); central.append(le32(crc))
            central.append(le32(UInt32(entry.data.count))); central.append(le32(UInt32(entry.data.count)))
            central.append(le16(UInt16(entry.name.count))); central.append(le16(0)); central.append(le16(0)); central.append(le16(0))
            central.append(le16(0)); central.append(le32(entry.mode << 16)); central.append(le32(offset))
            central.append(contentsOf: entry.name)
        }
        let centralOffset = UInt32(out.count)
        out.append(central)
        out.append(le32(0x0605_4B50)); out.append(le16(0)); out.append(le16(0))
        out.append(le16(UInt16(entries.count))); out.append(le16(UInt16(entries.count)))
        out.append(le32(UInt32(central.count))); out.append(le32(centralOffset)); out.append(le16(0))
        return out
    }

    static func le16(_ value: UInt16) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
    static func le32(_ value: UInt32) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// `zip` with the uncompressed size of every entry (local header and central directory) set to `size`: a header
    /// that lies about what the entry inflates to.
    static func declaringUncompressedSize(_ size: UInt32, in zip: Data) -> Data {
        var bytes = [UInt8](zip)
        var index = 0
        while index + 46 <= bytes.count {
            let signature = UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
            let field: Int? = signature == 0x0403_4B50 ? 22 : signature == 0x0201_4B50 ? 24 : nil
            if let field {
                for (offset, byte) in le32(size).enumerated() { bytes[index + field + offset] = byte }
                index += 4
            } else {
                index += 1
            }
        }
        return Data(bytes)
    }
}
