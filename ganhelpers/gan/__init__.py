"""The GAN code the notebooks teach, one module per idea:

- ``step``: the GAN update of Goodfellow et al. (2014), ``AdversarialStep``, and ``adam``
- ``variants``: the conditional GAN, InfoGAN and WGAN-GP steps (subclasses of the step)
- ``losses``: the saturating (minimax), least-squares and hinge losses (subclasses of the step)
- ``techniques``: Salimans et al. (2016)'s label smoothing, feature matching, historical averaging
- ``layers``: minibatch discrimination, virtual batch norm, PacGAN's packing
- ``regularizers``: gradient penalty, feature matching loss, parameter averages
- ``models``: the generators and discriminators (sine, MLP, DCGAN, conditional, InfoGAN, mixtures)
- ``paper_mlps``: Goodfellow et al. (2014)'s MNIST MLPs with maxout (notebook 02's paper run)
- ``augment``, ``averaging``: DiffAugment-style augmentation and the generator's weight average
- ``clustering``, ``self_conditioning``: k-means clusters and the self-conditioned GAN
- ``semi_supervised``: the semi-supervised GAN (K + 1 classes, feature matching)
- ``autoencoders``: the autoencoder and VAE that notebook 08 compares with a GAN
- ``adversarial``: adversarial examples (FGSM) against a discriminative model
- ``theory``: notebook 00's closed forms (optimal D, Jensen-Shannon divergence)
- ``modes``: switching networks to evaluation mode for a while
"""
