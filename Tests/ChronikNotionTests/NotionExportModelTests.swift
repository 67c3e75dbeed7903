import ChronikNotion
import Testing

@Suite struct NotionExportModelTests {
    @Test func propertyTypesUseTheHTMLExportsNames() {
        #expect(NotionPropertyType(rawValue: "multi_select") == .multiSelect)
        #expect(NotionPropertyType(rawValue: "phone_number") == .phone)
        #expect(NotionPropertyType(rawValue: "created_time") == .createdTime)
        #expect(NotionPropertyType(rawValue: "multiSelect") == nil)
    }
}
