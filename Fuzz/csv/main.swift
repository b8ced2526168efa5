import FuzzDriver

runFuzzer { data, size in fuzzCSV(data ?? UnsafePointer(bitPattern: 1)!, size) }
