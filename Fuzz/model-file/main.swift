import FuzzDriver

runFuzzer { data, size in fuzzModelFile(data ?? UnsafePointer(bitPattern: 1)!, size) }
