fn main() {
    newslint::heap::start();
    std::process::exit(newslint::cli::main());
}
