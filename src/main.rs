fn main() {
    std::process::exit(orgsite::cli::run());
}
