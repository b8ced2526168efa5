import HessianCLI

@main struct Fit {
    static func main() { FitCommand.main() }
}
