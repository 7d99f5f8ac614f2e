# image pipeline: `ek image` end to end, judged by Pillow (and `ek probe` for AVIF).
if(EK_WITH_IMAGE)
  ek_cli_test(cli_image cli_image_test.py)
endif()
