import ChronikStore
import Foundation
import FuzzSupport

/// Fuzz target of the front-matter reader: any bytes as an entry file.
///
/// Reading never crashes; `parse` and `parseFields` agree (the same fields and locations, or the same error); a
/// document that was read writes back (fresh, and preserving the original's format) to text that reads as the same
/// document. Small limits make the budgets (nodes, keys, depth, sizes) reachable at fuzzing sizes; the text written
/// back is read with the default limits, since writing may legitimately make it longer.
public enum FrontMatterFuzz {
    public static func check(_ input: [UInt8]) throws(FuzzFailure) {
        var limits = FrontMatterLimits()
        limits.maxFileBytes = 16_384
        limits.maxFrontMatterBytes = 8_192
        limits.maxNodes = 300
        limits.maxKeysPerMapping = 40
        limits.maxDepth = 12
        let data = Data(input)
        let document: EntryDocument
        do {
            document = try EntryDocument.parse(data, limits: limits)
        } catch {
            try require(!error.description.isEmpty, "an error without a message: \(error)")
            do {
                let fields = try EntryDocument.parseFields(input, limits: limits)
                throw FuzzFailure("parse failed with \(error) but parseFields read \(fields.fields.count) fields")
            } catch let other as FrontMatterError {
                try require(other == error, "parse failed with \(error), parseFields with \(other)")
                let located: FrontMatterError?
                do {
                    _ = try EntryDocument.parseFieldsLocated(input, limits: limits)
                    located = nil
                } catch {
                    located = error
                }
                try require(located == error, "parse failed with \(error), parseFieldsLocated with \(String(describing: located))")
            } catch let failure as FuzzFailure {
                throw failure
            } catch {
                throw FuzzFailure("unexpected error \(error)")
            }
            return
        }
        do {
            let fields = try EntryDocument.parseFields(input, limits: limits)
            try require(fields.fields == document.fields, "parseFields read other fields than parse")
            try require(fields.locations == document.locations, "parseFields found other locations than parse")
            let located = try EntryDocument.parseFieldsLocated(input, limits: limits)
            try require(located.fields == document.fields, "parseFieldsLocated read other fields than parse")
            try require(located.locations.dictionary == document.locations, "parseFieldsLocated found other locations than parse")
            for (pointer, location) in document.locations {
                try require(located.locations[pointer] == location, "parseFieldsLocated finds \(pointer) elsewhere")
            }
        } catch let error as FrontMatterError {
            throw FuzzFailure("parse read a document but parseFields failed with \(error)")
        } catch let failure as FuzzFailure {
            throw failure
        } catch {
            throw FuzzFailure("unexpected error \(error)")
        }
        for (name, written) in [("fresh", document.serialized()), ("preserving", document.serialized(preservingFormatOf: data))] {
            do {
                let again = try EntryDocument.parse(written)
                try require(again == document, "the \(name) serialisation reads back as another document:\n\(String(decoding: written, as: UTF8.self))")
            } catch let error as FrontMatterError {
                throw FuzzFailure("the \(name) serialisation does not read back (\(error)):\n\(String(decoding: written, as: UTF8.self))")
            } catch let failure as FuzzFailure {
                throw failure
            } catch {
                throw FuzzFailure("unexpected error \(error)")
            }
        }
    }
}

/// The libFuzzer callback (see scripts/fuzz.sh).
public func fuzzFrontMatter(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    runFuzzInput(data, size, FrontMatterFuzz.check)
}
