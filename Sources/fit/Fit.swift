import HessianCLI

@main struct Fit {
    static func main() { CommandMain.run(FitCommand.self, name: "fit") }
}
