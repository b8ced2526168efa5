@main struct Predict { static func main() { print("predict: not yet") } }
