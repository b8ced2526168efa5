@main struct Fit { static func main() { print("fit: not yet") } }
