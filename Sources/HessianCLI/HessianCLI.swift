public enum HessianCLI {}
