import FuzzDriver

runFuzzer { data, size in fuzzDecimal(data ?? UnsafePointer(bitPattern: 1)!, size) }
