/// DulySyntax: placeholder until the layer lands.
enum DulySyntaxLayer {}
