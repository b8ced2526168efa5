import HessianCLI

@main struct Predict {
    static func main() { PredictCommand.main() }
}
