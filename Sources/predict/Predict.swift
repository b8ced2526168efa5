import HessianCLI

@main struct Predict {
    static func main() { CommandMain.run(PredictCommand.self, name: "predict") }
}
