@testable import DulyData
import DulyTime
import Testing

@Suite("times of day in case data")
struct TimeCellTests {
    func time(_ text: String) -> String? {
        Array(text.utf8).withUnsafeBufferPointer { CellValue.time($0)?.description }
    }

    @Test("HH:MM and HH:MM:SS read at fixed places agree with the general reader, seconds rounding up to the next minute")
    func fixedAndGeneral() {
        // The fixed-place forms.
        #expect(time("08:31") == "08:31")
        #expect(time("08:31:00") == "08:31")
        #expect(time("08:31:01") == "08:32")
        #expect(time("10:06:36") == "10:07")
        #expect(time("00:00") == "00:00")
        #expect(time("23:59:59") == "24:00" && time("24:00") == "24:00")
        // What the fixed places refuse, the general reader judges as before.
        #expect(time("8:31") == "08:31")
        #expect(time("8:31:30") == "08:32")
        for bad in ["25:10", "08:60", "08:31:60", "0831", "08:3a", "08:31:5", "08.31", "", "08:", ":31", "123:00", "08:31:00:00"] {
            #expect(time(bad) == nil, "\(bad)")
        }
    }
}

@Suite("dates in workbook cells")
struct WorkbookDateCellTests {
    @Test("a date cell becomes YYYY-MM-DD; a number in a date format that no workbook shows as a date stays a number, never a crash")
    func dateCells() {
        #expect(WorkbookStaging.csvText(.dateTime(45573)) == "2024-10-08")
        #expect(WorkbookStaging.csvText(.dateTime(45573.4375)) == "2024-10-08 10:30")
        #expect(WorkbookStaging.csvText(.dateTime(0.4375)) == "10:30")
        for odd in [1e300, -1e300, -3, 2_958_466, .infinity, .nan] as [Double] {
            #expect(WorkbookStaging.csvText(.dateTime(odd)) == WorkbookStaging.number(odd), "\(odd)")
        }
    }
}
